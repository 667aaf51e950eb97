// Standalone data source for the TypeORM CLI, e.g.
//   npx typeorm migration:show -d dist/libs/persistence/src/data-source.js
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dxhub'));
