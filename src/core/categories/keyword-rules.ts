/**
 * The built-in keyword rules that sort a prompt into categories (README "Categories"). The
 * category names are an interface: people type them (`--category animals`) and the database
 * stores them, so a name is never renamed, only added.
 *
 * The rules are data: per category, nouns (matched with their plurals), verbs (matched with -s,
 * -ing and -ed forms) and phrases (several words in a row, the last one also as a plural). The
 * matching is one small function over whole words: case-insensitive, after Unicode NFKC, so
 * "PELICANS", "ｃａｔ" and "cat" are alike, and "catalogue" is not a cat. A prompt may get several
 * categories or none; the result is in the order of CATEGORIES, so it is the same every time.
 */

export const CATEGORY_NAMES = ['animals', 'people', 'vehicles', 'scenes', 'objects', 'lettering', 'abstract', 'animation'] as const;

export type CategoryName = (typeof CATEGORY_NAMES)[number];

/** Each category with its label for people, in the order boards list them. */
export const CATEGORIES: ReadonlyArray<{ name: CategoryName; label: string }> = [
  { name: 'animals', label: 'Animals' },
  { name: 'people', label: 'People' },
  { name: 'vehicles', label: 'Vehicles' },
  { name: 'scenes', label: 'Scenes and places' },
  { name: 'objects', label: 'Objects, food and plants' },
  { name: 'lettering', label: 'Text and lettering' },
  { name: 'abstract', label: 'Abstract and patterns' },
  { name: 'animation', label: 'Animation asked for' },
];

export function isCategoryName(value: string): value is CategoryName {
  return (CATEGORY_NAMES as readonly string[]).includes(value);
}

/** One category's keywords. Words are lower case; several in a string are split on spaces. */
export interface KeywordRule {
  /** Matched as they are and as plurals (cat -> cats, fox -> foxes, bunny -> bunnies, wolf -> wolves). */
  nouns: string;
  /** Matched as they are and with -s, -ing and -ed (spin -> spinning, rotate -> rotating, blink -> blinked). */
  verbs?: string;
  /** Words in a row; the last word also as a plural ("the word", "hot air balloon"). */
  phrases?: readonly string[];
}

export const KEYWORD_RULES: Readonly<Record<CategoryName, KeywordRule>> = {
  animals: {
    nouns: `animal pet creature beast wildlife pelican cat kitten kitty dog puppy pup bird fox wolf bear lion tiger
      elephant giraffe zebra horse pony foal cow calf bull ox oxen pig piglet sheep lamb goat chicken hen rooster chick
      duck duckling goose geese swan owl eagle hawk falcon parrot penguin flamingo crow raven sparrow robin hummingbird
      pigeon seagull gull heron stork toucan peacock puffin fish goldfish shark whale dolphin orca octopus squid crab
      lobster shrimp jellyfish starfish seahorse turtle tortoise frog toad snake lizard gecko chameleon iguana crocodile
      alligator dinosaur dragon unicorn rabbit bunny hare mouse mice rat hamster squirrel chipmunk hedgehog porcupine
      deer reindeer moose elk kangaroo koala panda monkey ape gorilla chimpanzee orangutan lemur sloth otter beaver
      raccoon badger skunk bat bee bumblebee butterfly moth ant spider ladybug beetle caterpillar snail slug worm
      dragonfly capybara llama alpaca camel hippo hippopotamus rhino rhinoceros cheetah leopard jaguar lynx cougar
      panther hyena walrus seal donkey mule yak bison buffalo platypus armadillo meerkat mole weasel ferret`,
  },
  people: {
    nouns: `person people human man men woman women boy girl child children kid baby toddler teenager lady gentleman
      family crowd friend mother father mom mum dad grandma grandpa grandmother grandfather astronaut chef cook doctor
      nurse teacher student scientist engineer farmer worker artist painter musician guitarist drummer singer dancer
      ballerina athlete runner skier surfer skater cyclist swimmer boxer king queen prince princess knight pirate
      wizard witch cowboy cowgirl ninja samurai soldier firefighter policeman policewoman officer detective sailor pilot
      captain clown magician juggler superhero mermaid santa elf vampire zombie face portrait selfie figure stickman`,
    phrases: ['stick figure'],
  },
  vehicles: {
    nouns: `vehicle bicycle bike car automobile racecar truck lorry bus train tram trolley locomotive subway
      boat ship sailboat yacht canoe kayak raft ferry submarine airplane aeroplane plane aircraft jet airliner helicopter
      glider rocket spaceship spacecraft ufo motorcycle motorbike scooter moped skateboard tractor bulldozer excavator
      forklift van minivan jeep taxi cab ambulance firetruck limo limousine unicycle tricycle wagon cart carriage
      chariot sled sleigh zeppelin blimp gondola`,
    phrases: ['hot air balloon', 'fire truck', 'race car', 'space shuttle'],
  },
  scenes: {
    nouns: `landscape scene scenery view panorama vista city cityscape skyline town village street road alley plaza
      beach coast shore ocean sea sunset sunrise dusk dawn twilight forest woods jungle rainforest mountain hill valley
      desert dune lake river stream waterfall pond island meadow field garden park farm countryside sky cloud night
      space moon planet galaxy nebula universe underwater reef cave volcano glacier canyon cliff harbor harbour castle
      palace temple church cathedral lighthouse skyscraper building house cabin cottage barn room kitchen bedroom
      library cafe restaurant office classroom bridge horizon storm rain snow winter autumn summer`,
    phrases: ['outer space', 'night sky', 'living room'],
  },
  objects: {
    nouns: `object cup mug teacup glass lamp clock wristwatch chair table sofa couch bed desk shelf book pencil pen
      paintbrush phone smartphone computer laptop keyboard television radio camera guitar piano violin drum trumpet
      saxophone umbrella hat cap shoe boot sneaker glasses sunglasses key lock bottle jar vase teapot kettle bowl plate
      fork spoon knife scissors hammer wrench screwdriver tool candle lantern bell crown sword shield ball kite toy teddy
      robot gift box bag backpack suitcase wallet ring necklace diamond gem jewel coin door window mirror
      apple banana pear cherry strawberry grape lemon pineapple watermelon fruit vegetable carrot tomato pizza
      burger hamburger sandwich taco sushi cake cupcake cookie donut doughnut pie bread croissant coffee tea cheese egg
      chocolate candy lollipop flower rose tulip sunflower daisy bouquet plant cactus mushroom tree trophy medal balloon
      lightbulb bulb pot pan chest treasure anchor compass globe map telescope microscope`,
    phrases: ['ice cream', 'light bulb', 'teddy bear', 'pocket watch'],
  },
  lettering: {
    nouns: `text word letter lettering typography font typeface calligraphy handwriting logo logotype wordmark
      monogram initial signature quote quotation slogan motto headline title caption label alphabet acronym graffiti
      ascii`,
    verbs: 'say',
    phrases: ['the word', 'the words', 'that reads', 'which reads', 'written on', 'with the text', 'neon sign', 'sign saying', 'spelled out', 'spelling out'],
  },
  abstract: {
    nouns: `abstract abstraction pattern mandala geometric geometry fractal tessellation tiling kaleidoscope spiral
      swirl symmetry symmetrical grid stripe striped checkerboard chequerboard chevron zigzag gradient shape circle
      square triangle hexagon polygon sphere cube lattice mosaic paisley plaid tartan moire moiré voronoi maze labyrinth
      knot motif texture arabesque psychedelic generative procedural bauhaus mondrian kandinsky escher`,
    phrases: ['polka dot', 'op art', 'sacred geometry', 'concentric circle'],
  },
  animation: {
    nouns: 'animation gif motion orbiting flashing scrolling',
    verbs: `animate move spin rotate revolve loop blink bounce flicker pulse pulsate throb twinkle shimmer sway wiggle
      wobble jiggle flutter twirl morph oscillate`,
    phrases: ['in motion'],
  },
};

/** cat -> cats; fox -> foxes; bunny -> bunnies; wolf -> wolves; knife -> knives; tomato -> tomatoes. */
function nounForms(word: string): string[] {
  const forms = [word, `${word}s`];
  if (/(s|x|z|ch|sh|o)$/.test(word)) forms.push(`${word}es`);
  if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`);
  if (/[^f]f$/.test(word)) forms.push(`${word.slice(0, -1)}ves`);
  if (/fe$/.test(word)) forms.push(`${word.slice(0, -2)}ves`);
  return forms;
}

/**
 * spin -> spins, spinning, spinned (the double consonant is guessed: both spellings are made, and
 * the wrong one never occurs in a prompt); rotate -> rotates, rotating, rotated.
 */
function verbForms(word: string): string[] {
  const forms = nounForms(word);
  const stem = /[^e]e$/.test(word) ? word.slice(0, -1) : word;
  forms.push(`${stem}ing`, `${stem}ed`);
  if (/[^aeiou][aeiou][bdgklmnprt]$/.test(word)) forms.push(`${word}${word.at(-1)}ing`, `${word}${word.at(-1)}ed`);
  return forms;
}

const split = (words: string): string[] => words.split(/\s+/).filter(Boolean);

/** Every matched word form -> its categories, and every phrase form with its category; built once. */
function buildIndex(): { words: Map<string, Set<CategoryName>>; phrases: Array<[string, CategoryName]> } {
  const words = new Map<string, Set<CategoryName>>();
  const phrases: Array<[string, CategoryName]> = [];
  const addWord = (form: string, name: CategoryName) => {
    // Keywords with a dash or space are phrases of their tokens ("self-portrait" = "self portrait").
    const tokens = wordsOf(form);
    if (tokens.length > 1) return phrases.push([` ${tokens.join(' ')} `, name]);
    const set = words.get(tokens[0]!) ?? new Set();
    words.set(tokens[0]!, set.add(name));
  };
  for (const name of CATEGORY_NAMES) {
    const rule = KEYWORD_RULES[name];
    for (const noun of split(rule.nouns)) nounForms(noun).forEach((f) => addWord(f, name));
    for (const verb of split(rule.verbs ?? '')) verbForms(verb).forEach((f) => addWord(f, name));
    for (const phrase of rule.phrases ?? []) {
      const tokens = wordsOf(phrase);
      for (const last of nounForms(tokens.at(-1)!)) phrases.push([` ${[...tokens.slice(0, -1), last].join(' ')} `, name]);
    }
  }
  return { words, phrases };
}

/** The words of a text: NFKC, lower case, runs of letters, marks and digits (any script). */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

let index: ReturnType<typeof buildIndex> | undefined;

/** The categories the keyword rules give a prompt, in the order of CATEGORY_NAMES; none is an empty list. */
export function keywordCategories(prompt: string): CategoryName[] {
  index ??= buildIndex();
  const tokens = wordsOf(prompt);
  const found = new Set<CategoryName>();
  for (const token of tokens) index.words.get(token)?.forEach((name) => found.add(name));
  const joined = ` ${tokens.join(' ')} `;
  for (const [phrase, name] of index.phrases) if (joined.includes(phrase)) found.add(name);
  return CATEGORY_NAMES.filter((name) => found.has(name));
}
