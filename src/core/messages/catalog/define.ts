// Catalog entries are templates with {param} placeholders. zh-CN is the source; the English
// entries must cover exactly the same keys (the type checker enforces it).

export type Entries = Record<string, string>;

/** Declares one area's messages in both languages. Keys should start with the area's name. */
export function defineMessages<const Z extends Entries>(zh: Z, en: { [K in keyof Z]: string }): { 'zh-CN': Z; en: { [K in keyof Z]: string } } {
  return { 'zh-CN': zh, en };
}
