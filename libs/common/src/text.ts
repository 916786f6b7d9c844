/** Lower-case words only: the form titles are compared in (punctuation and extra spaces dropped). */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function words(text: string): string[] {
  const norm = normaliseText(text);
  return norm ? norm.split(' ') : [];
}
