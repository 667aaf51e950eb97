import { SubjectDigest } from '../hub/subject-digest';
import { RidpQuestion } from './ridp.types';

interface QuestionTemplate {
  text: string;
  /** Fictional values; a question offers `offered` of them, the first one offered being the right one. */
  pool: readonly string[];
  offered: number;
  /** Experian's usual last choice; the ranges question has none. */
  noneOfTheAbove: boolean;
}

const NONE_OF_THE_ABOVE = 'NONE OF THE ABOVE/DOES NOT APPLY';

// Out-of-wallet questions in the style of Experian's, about a synthetic past: every value is fictional.
const TEMPLATES: readonly QuestionTemplate[] = [
  {
    text: 'Which of the following streets have you lived on?',
    pool: ['Maple Avenue', 'Harbor Road', 'Birch Lane', 'Quarry Street', 'Orchard Way', 'Lantern Court', 'Willow Drive', 'Summit Terrace'],
    offered: 4,
    noneOfTheAbove: true,
  },
  {
    text: 'Which of the following employers have you worked for?',
    pool: ['Example Logistics', 'Sample Dental Group', 'Placeholder Foods', 'Fictional Freight Co', 'Demo Hardware', 'Specimen Labs', 'Model Printing'],
    offered: 4,
    noneOfTheAbove: true,
  },
  {
    text: 'From which of the following lenders have you had an auto loan?',
    pool: ['First Example Bank', 'Sample Credit Union', 'Demo Auto Finance', 'Placeholder Lending', 'Fictional Trust', 'Mock Motors Credit'],
    offered: 4,
    noneOfTheAbove: true,
  },
  {
    text: 'Which of the following people have you known?',
    pool: ['Jordan Example', 'Casey Sample', 'Riley Placeholder', 'Morgan Demo', 'Taylor Mock', 'Avery Specimen'],
    offered: 4,
    noneOfTheAbove: true,
  },
  {
    text: 'In which of the following counties have you lived?',
    pool: ['Example County', 'Sample County', 'Demo County', 'Placeholder County', 'Mock County', 'Fictional County'],
    offered: 4,
    noneOfTheAbove: true,
  },
  {
    text: 'What is the monthly payment on your most recent mortgage or rent?',
    pool: ['$500 - $749', '$750 - $999', '$1,000 - $1,249', '$1,250 - $1,499', '$1,500 - $1,749'],
    offered: 4,
    noneOfTheAbove: false,
  },
];

/** Items in an order of their own for this transaction: the same reference number, the same order. */
function shuffled<T>(items: readonly T[], reference: string, salt: string, label: (item: T, index: number) => string): T[] {
  const rank = new Map(items.map((item, index) => [item, new SubjectDigest(reference, `${salt}\n${label(item, index)}`).int(0, 2 ** 31)]));
  return [...items].sort((a, b) => rank.get(a)! - rank.get(b)!);
}

/**
 * The questions of one transaction (3 to 5), drawn from the templates by its hub reference number. The
 * right answer to each is its first choice (docs/test-subjects.md).
 */
export function questionsFor(hubReferenceNumber: string, count: number): RidpQuestion[] {
  const templates = shuffled(TEMPLATES, hubReferenceNumber, 'ridp-question', (_template, index) => String(index)).slice(0, count);
  return templates.map((template) => {
    const values = shuffled(template.pool, hubReferenceNumber, `ridp-choice\n${template.text}`, (value) => value).slice(0, template.offered);
    const choices = template.noneOfTheAbove ? [...values, NONE_OF_THE_ABOVE] : values;
    return {
      verificationQuestionSet: {
        verificationQuestionText: template.text,
        verificationAnswerChoiceArray: choices.map((verificationAnswerChoiceText) => ({ verificationAnswerChoiceText })),
      },
    };
  });
}
