import { ApiProperty } from '@nestjs/swagger';
import { PageResponse } from '../../common/dto/page.response.js';
import type { Page } from '../../common/domain/page.js';
import type { EnterpriseReport } from '../domain/enterprise-reports.js';

export class ReportResponse {
  @ApiProperty({ example: 'rpt-2025-06' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  enterpriseId!: string;

  @ApiProperty({ example: '2025-06', description: 'The month covered, YYYY-MM.' })
  period!: string;

  @ApiProperty({ example: 'Usage statement, June 2025' })
  title!: string;

  @ApiProperty({ example: 48213 })
  apiCalls!: number;

  @ApiProperty({ example: 112 })
  instrumentsCovered!: number;

  static from(report: EnterpriseReport): ReportResponse {
    return Object.assign(new ReportResponse(), { ...report });
  }
}

export class ReportListResponse extends PageResponse {
  @ApiProperty({ type: [ReportResponse] })
  items!: ReportResponse[];

  static from(page: Page<EnterpriseReport>): ReportListResponse {
    return Object.assign(new ReportListResponse(), {
      items: page.items.map((report) => ReportResponse.from(report)),
      ...PageResponse.pageFields(page),
    });
  }
}
