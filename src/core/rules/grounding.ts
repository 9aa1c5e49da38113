// Checks that text written by a language model says nothing the data does not: every number it
// names must appear in the data. Pure.

/** Numbers in a text, normalised: "3,200" → "3200", "32.0" → "32", full-width digits folded. */
export function numbersIn(text: string): string[] {
  const folded = text.normalize('NFKC');
  const found = folded.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
  return found.map((n) => {
    const plain = n.replace(/,/g, '');
    return plain.includes('.') ? plain.replace(/\.?0+$/, '') : plain;
  });
}

/** True when every number of `answer` appears among the numbers of `data` (week numbers and years included). */
export function numbersGrounded(answer: string, data: string): boolean {
  const known = new Set(numbersIn(data));
  return numbersIn(answer).every((n) => known.has(n));
}
