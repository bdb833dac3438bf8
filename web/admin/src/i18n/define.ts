// How dictionaries are declared. The English one is the type: a key missing from (or extra in)
// pt-BR or es fails the typecheck. Page dictionaries also carry their page's prefix in every key,
// so two pages cannot define the same key.
export const LANGUAGES = ['pt-BR', 'en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'pt-BR';

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The same keys as the English dictionary, each with its translation. */
export type Messages<T> = { readonly [K in keyof T]: string };

export interface Translations<T> {
  en: T;
  'pt-BR': Messages<NoInfer<T>>;
  es: Messages<NoInfer<T>>;
}

/**
 * A page's messages in the three languages; every key starts with `<prefix>.`
 * (e.g. `defineMessages('members', { en: { 'members.title': 'Members' }, … })`).
 */
export function defineMessages<P extends string, T extends { [K in keyof T]: K extends `${P}.${string}` ? string : never }>(
  _prefix: P,
  translations: Translations<T>,
): Translations<T> {
  return translations;
}
