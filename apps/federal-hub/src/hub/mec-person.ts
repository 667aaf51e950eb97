/**
 * A person as the MEC services name one: Verify ESI MEC (RJ14) and Verify Non-ESI MEC (RJ31) ask about
 * the same fields, and RJ31 echoes them in its answer.
 */
export interface MecPerson {
  personSocialSecurityNumber: string;
  personGivenName: string;
  personMiddleName?: string;
  personSurName: string;
  personSuffixName?: string;
  personBirthDate: string;
  personSexCode?: 'F' | 'M' | 'U';
}
