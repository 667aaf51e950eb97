import { InitialSchema1764190000000 } from './1764190000000-initial-schema';
import { MultiStepAsyncFti1764200000000 } from './1764200000000-multi-step-async-fti';

/** Migrations in order; listed explicitly so compiled and source runs find the same set. */
export const MIGRATIONS = [InitialSchema1764190000000, MultiStepAsyncFti1764200000000];
