/** The trusted data sources behind the federal Hub; each has its own queue, retry policy and circuit. */
export const FEDERAL_SOURCES = ['ssa', 'dhs', 'irs', 'equifax', 'opm', 'cms-mec', 'experian'] as const;
export type FederalSource = (typeof FEDERAL_SOURCES)[number];
