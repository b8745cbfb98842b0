/** Words in a sentence: "a", "a and b", "a, b and c" (or "a, b or c" with `word` 'or'). */
export function joinWords(items: readonly string[], word: 'and' | 'or' = 'and'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

/**
 * The first `most` items joined and how many more there are: "a, b, c and 2 more" (or, with
 * `and` ', and', "a, b, c, and 2 more").
 */
export function joinSome(items: readonly string[], most: number, sep = ', ', and: ' and' | ', and' = ' and'): string {
  return items.slice(0, most).join(sep) + (items.length > most ? `${and} ${items.length - most} more` : '');
}

/**
 * A count and its noun: "1 example", "2 examples", "1 class", "3 classes" (`many` when not noun +
 * s), and with `verb` ([one, many]) a verb that agrees: "1 report is", "3 reports are".
 */
export function counted(n: number, noun: string, many = `${noun}s`, verb?: readonly [one: string, many: string]): string {
  return `${n} ${n === 1 ? noun : many}${verb ? ` ${n === 1 ? verb[0] : verb[1]}` : ''}`;
}
