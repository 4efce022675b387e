/** Escapes LIKE/ILIKE wildcards so user text matches literally (`50%_off` stays `50%_off`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}
