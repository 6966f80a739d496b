/**
 * Terminal safety at the CLI's output edge.
 *
 * Names, strings and paths come from the repository being checked, which is untrusted: a namespace id
 * holding `ESC [2J ESC [H all checks passed` would clear the terminal and print a fake verdict, an OSC
 * sequence can retitle the window, a bidi override can make a line read differently from what it says.
 * Every C0 control (bar the newline the CLI's own lines end with), DEL, every C1 control (U+0080–U+009F,
 * which includes the one-byte CSI U+009B) and the bidi formatting controls (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069) are written as `\uXXXX` instead.
 *
 * The same function serves text and JSON: JSON.stringify already writes C0 as `\u00XX` but leaves C1
 * and bidi characters raw; those only ever occur inside JSON strings, where `\uXXXX` is the standard
 * escape of the very same character, so a JSON or SARIF reader gets the identical data back.
 */

const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_AND_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex4 = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * `text` with terminal controls in the visible `\uXXXX` form. `newlines: 'keep'` (the output edge)
 * leaves line feeds alone; `'escape'` is for one value inside a line (a file name, a message), so
 * nothing from a source can start a line of its own.
 */
export function escapeControls(text: string, newlines: 'keep' | 'escape' = 'keep'): string {
  return text.replace(newlines === 'keep' ? CONTROLS : CONTROLS_AND_NEWLINE, hex4);
}
