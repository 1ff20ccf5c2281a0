/**
 * Neutral names for everything a drawing names itself: ids become `i1`, `i2`…, classes `c1`…,
 * CSS animations `k1`… in order of first appearance. A name that is only referred to (an id
 * no element has, a class only a selector mentions) gets a neutral name too, so no chosen word
 * survives, and every reference follows its name.
 */
export class NeutralNames {
  private readonly ids = new Map<string, string>();
  private readonly classes = new Map<string, string>();
  private readonly animations = new Map<string, string>();

  id(name: string): string {
    return named(this.ids, name, 'i');
  }

  className(name: string): string {
    return named(this.classes, name, 'c');
  }

  animation(name: string): string {
    return named(this.animations, name, 'k');
  }

  /** The neutral name of an animation already declared by `@keyframes`, or undefined. */
  knownAnimation(name: string): string | undefined {
    return this.animations.get(name);
  }
}

function named(map: Map<string, string>, name: string, prefix: string): string {
  let out = map.get(name);
  if (out === undefined) {
    out = `${prefix}${map.size + 1}`;
    map.set(name, out);
  }
  return out;
}
