// Text from outside (a chat message, a cell of the project list) without the characters that can
// hide or reorder what is shown: C0/C1 controls (ESC included) except newline and tab, DEL,
// zero-width characters and bidi overrides (U+202E shows "exe.txt" as "txt.exe"). Pure.

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** The text with control, zero-width and bidi characters removed; "\r\n" and "\r" become "\n". */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
}
