/** An hour falls in exactly one of these; only the four ANW categories are paid and distributed. */
export type Category = 'dag' | 'avond' | 'nacht' | 'weekend' | 'feestdag';

export type AnwCategory = Exclude<Category, 'dag'>;

export const ANW_CATEGORIES = ['avond', 'nacht', 'weekend', 'feestdag'] as const satisfies readonly AnwCategory[];

export const CATEGORIES: readonly Category[] = ['dag', 'avond', 'nacht', 'weekend', 'feestdag'];

/** Real elapsed minutes per category. */
export type Minutes = Record<Category, number>;

export function emptyMinutes(): Minutes {
  return { dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
}
