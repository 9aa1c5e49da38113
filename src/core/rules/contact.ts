// Contact details compared the way people write them.

/** Mobile numbers compare without spaces, dashes or the +86 prefix. */
export function normalizeMobile(mobile: string): string {
  return mobile.normalize('NFKC').replace(/[\s()-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}
