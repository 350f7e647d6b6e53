/**
 * Help texts in the analyst's words. The block schemas describe options for developers too
 * ("Plays prompts (Graph playPrompt)", "the key is in lastResult.digit", "values may be
 * {{templates}}", "CEL expression"); the editor shows them with the Graph request names dropped and
 * the formula words explained where they stand; "Graph", the Teams calling service, is "Teams". The schemas and the CLI keep their wording.
 */

const REWRITES: Array<[RegExp, string]> = [
  [/\s*\(Graph accepts at most (\d+) per request\)/g, ' (at most $1 at once)'],
  [/\s*\(Graph [^)]*\)/g, ''],
  [/without a Graph request/g, 'without doing anything more on the call'],
  [/\bGraph recordingLocation\b/g, 'where the recording is kept'],
  [/\bGraph\b/g, 'Teams'],
  [/`(\w+)`/g, '“$1”'],
  [/\bthe key is in lastResult\.digit\b/g, 'later blocks can use the key that was pressed (lastResult.digit in a formula)'],
  [/\bit is in lastResult\.(\w+)\b/g, 'later blocks can use it (lastResult.$1 in a formula)'],
  [/\bmay be a \{\{template\}\}/g, 'may contain a placeholder such as {{vars.name}}, filled in with a variable when the call runs'],
  [/\ba \{\{template\}\} giving (one|such keys)/g, 'a placeholder such as {{vars.name}} giving $1, filled in when the call runs'],
  [/\bmay be \{\{templates\}\}/g, 'may contain placeholders such as {{vars.name}}, filled in with variables when the call runs'],
  [/\binside may be \{\{templates\}\}/g, 'inside may contain placeholders such as {{vars.name}}, filled in when the call runs'],
  [/one whole \{\{expression\}\}/g, 'one whole placeholder'],
  [/\bmay contain \{\{templates\}\}/g, 'may contain placeholders, filled in when the call runs'],
  [/\bor a \{\{template\}\}/g, 'or a placeholder such as {{vars.name}}, filled in when the call runs'],
  [
    /Text where \{\{expression\}\} is replaced by the expression's value/g,
    "Text where each placeholder {{…}} is replaced by the formula's value when the call runs",
  ],
  [/"\{\{vars\.(\w+)\}\}"/g, '"{{vars.$1}}" (a placeholder filled in with the variable $1)'],
  [/\bCEL expression\b/g, 'formula'],
  [/\s*\(CEL\)/g, ''],
  [/\bCEL\b/g, 'formula'],
  [/\bDTMF keypad tones\b/g, 'keypad tones'],
  [/\bDTMF\b/g, 'keypad'],
];

const LAST_RESULT = 'In a formula, lastResult is what this block just found or received.';

export function plainHelp(text: string): string {
  const plain = REWRITES.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
  return /lastResult(?!\.\w+ in a formula)/.test(plain) ? `${plain} ${LAST_RESULT}` : plain;
}
