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

/** Phrases that say work is finished: only figures that show it may back them ("完成年度计划 21.3%" is a share, not a claim). */
const COMPLETION_CLAIM =
  /超额完成|全部完成|全面完成|圆满完成|提前完成|顺利完成|已经?完成(?:了)?(?:全年|年度|全部|计划|任务|目标|建设|工程)[^，。；,;\d]{0,6}(?![^，。；,;]{0,4}\d)|完成(?:了)?(?:全年|年度)(?:计划|任务|目标)(?![^，。；,;]{0,4}\d)|竣工|完工|已建成|建成投用|\b(?:completed|finished|exceeded|accomplished|ahead of (?:schedule|plan|target))\b|\bfully (?:done|complete)\b/i;

/** True when the text claims that something is complete, exceeded or built. */
export function claimsCompletion(text: string): boolean {
  return COMPLETION_CLAIM.test(text.normalize('NFKC'));
}

/**
 * A model's answer as plain text for people: markdown links keep their label, bare URLs, @-mentions,
 * Lark <at> tags and any other markup tag are removed, and spaces are tidied.
 */
export function plainAnswer(text: string): string {
  return text
    .replace(/<at\b[^>]*>[^<]*<\/at\s*>/gi, '')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/gi, '')
    .replace(/(^|[^\w.])@[\p{L}\p{N}_.-]+/gu, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([，。；、,.;])/g, '$1')
    .trim();
}
