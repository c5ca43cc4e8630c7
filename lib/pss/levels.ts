/** The three Pod Security Standards levels, from the most to the least permissive. */
export const PSS_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];

export function isPssLevel(text: string): text is PssLevel {
  return (PSS_LEVELS as readonly string[]).includes(text);
}
