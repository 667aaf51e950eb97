import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '../sql-params';
import { AUDIT_COLUMNS, AuditRow, auditValues } from './audit-row';

@Injectable()
export class AuditEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(rows: AuditRow[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!rows.length) return;
    const params = new SqlParams();
    await manager.query(`INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ${auditValues(params, rows)}`, params.values);
  }
}
