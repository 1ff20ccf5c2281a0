/**
 * The script samples drawn both by the project (HarfBuzz + resvg) and by headless Chromium with the
 * same font files (scripts/make-text-references.ts), one small SVG each.
 */
export const TEXT_SAMPLES: Record<string, string> = {
  latin: 'A pelican rides a bicycle',
  greek: 'Ένας πελεκάνος στο ποδήλατο',
  cyrillic: 'Пеликан едет на велосипеде',
  arabic: 'بجعة تركب دراجة',
  hebrew: 'שקנאי רוכב על אופניים',
  devanagari: 'एक मोर क्षत्रिय हिन्दी नमस्ते',
  bengali: 'একটি পেলিকান সাইকেল চালায়',
  tamil: 'ஒரு பெலிகன் மிதிவண்டி',
  thai: 'นกกระทุงขี่จักรยาน',
  khmer: 'សត្វទុងជិះកង់',
  japanese: '自転車に乗るペリカン',
  chinese: '骑自行车的鹈鹕',
  korean: '자전거를 타는 펠리컨',
  emoji: 'a 👨‍👩‍👧 and 🐧 👍🏽 🇯🇵',
};

export const SAMPLE_WIDTH = 560;
export const SAMPLE_HEIGHT = 80;

/** The SVG of a sample: black text on white, one line. */
export function sampleSvg(text: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SAMPLE_WIDTH}" height="${SAMPLE_HEIGHT}" viewBox="0 0 ${SAMPLE_WIDTH} ${SAMPLE_HEIGHT}">` +
    `<rect width="${SAMPLE_WIDTH}" height="${SAMPLE_HEIGHT}" fill="#ffffff"/>` +
    `<text x="14" y="52" font-family="sans-serif" font-size="34" fill="#000000">${text}</text></svg>`
  );
}
