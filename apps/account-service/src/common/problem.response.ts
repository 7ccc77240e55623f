import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorResponse {
  @ApiProperty({
    description: 'JSON Pointer (RFC 6901) into the request body',
    example: '/validFrom',
  })
  pointer!: string;

  @ApiProperty({ example: 'must be an ISO 8601 date-time with offset (e.g. 2025-01-31T00:00:00Z)' })
  detail!: string;
}

/** RFC 9457 problem details, as every failure is answered (`application/problem+json`). */
export class ProblemResponse {
  @ApiProperty({ example: 'https://charter.dev/problems/contract-not-found' })
  type!: string;

  @ApiProperty({ example: 'Contract not found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiPropertyOptional({ example: 'No contract 7f3c0d55-5d1e-4a4e-9f43-0b7f7f6f3a11.' })
  detail?: string;

  @ApiProperty({ example: '/v1/contracts/7f3c0d55-5d1e-4a4e-9f43-0b7f7f6f3a11' })
  instance!: string;

  @ApiProperty({ description: 'Stable snake_case error code', example: 'contract_not_found' })
  code!: string;

  @ApiProperty({ example: '0f8e4c0a-3b8e-4a57-9a53-4f6d6c1e2d3b' })
  requestId!: string;

  @ApiPropertyOptional({ type: () => [FieldErrorResponse] })
  errors?: FieldErrorResponse[];
}
