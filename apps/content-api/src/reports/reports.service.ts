import type { Principal } from '@charter/resource-server';
import { Injectable } from '@nestjs/common';
import type { PageQuery } from '../common/dto/page.query.js';
import { mayReadReportsOf, selectReports } from './domain/enterprise-reports.js';
import { ReportListResponse } from './dto/report.response.js';
import { EnterpriseMismatch } from './report.errors.js';

@Injectable()
export class ReportsService {
  list(caller: Principal, enterpriseId: string, query: PageQuery): ReportListResponse {
    if (caller.enterpriseId === undefined || !mayReadReportsOf(caller.enterpriseId, enterpriseId)) {
      throw new EnterpriseMismatch();
    }
    return ReportListResponse.from(selectReports(caller.enterpriseId, query));
  }
}
