/** The Action.Submit payloads this bot's cards send back; routing data never travels in them, only opaque ids. */
export type CardAction =
  | { action: 'ask'; text: string }
  /** The eligibility check's Input.ChoiceSet: Teams merges the chosen value in as `choice`. */
  | { action: 'choose'; choice?: string }
  | { action: 'feedback'; helpful: boolean; answerId: string }
  | { action: 'expert'; answerId: string }
  | { action: 'resolve'; ticket: string };

export type CardElement = Record<string, unknown>;

/** Teams' guidance: at most 6 primary actions on a card; the rest go into a "More" menu. */
export const MAX_ACTIONS = 6;
/** More choices than this become one Input.ChoiceSet with a single submit button. */
export const MAX_CHOICE_BUTTONS = 4;

const TITLE_MAX = 80;

export function submit(title: string, data: CardAction): CardElement {
  return { type: 'Action.Submit', title: [...title].slice(0, TITLE_MAX).join(''), data };
}

/** Puts actions beyond the sixth into an Action.ShowCard "More" menu, so a card never shows more than 6. */
export function layOutActions(actions: CardElement[], moreTitle: string): CardElement[] {
  if (actions.length <= MAX_ACTIONS) return actions;
  const primary = actions.slice(0, MAX_ACTIONS - 1);
  const rest = actions.slice(MAX_ACTIONS - 1);
  const more = {
    type: 'Action.ShowCard',
    title: moreTitle,
    card: { type: 'AdaptiveCard', version: '1.5', body: [], actions: layOutActions(rest, moreTitle) },
  };
  return [...primary, more];
}

/** Many choices as one Input.ChoiceSet and one submit; a few as buttons. */
export function choiceElements(
  choices: { label: string; value: string }[],
  prompt: string,
  submitTitle: string,
): { body: CardElement[]; actions: CardElement[] } {
  if (choices.length <= MAX_CHOICE_BUTTONS) {
    return { body: [], actions: choices.map((c) => submit(c.label, { action: 'ask', text: c.value })) };
  }
  const input = {
    type: 'Input.ChoiceSet',
    id: 'choice',
    style: 'expanded',
    isRequired: true,
    errorMessage: prompt,
    label: prompt,
    choices: choices.map((c) => ({ title: c.label, value: c.value })),
  };
  return { body: [input], actions: [submit(submitTitle, { action: 'choose' })] };
}
