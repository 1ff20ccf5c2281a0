/** "1 vote", "2 votes", "0 votes": the one place the web arena makes a count into words. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
