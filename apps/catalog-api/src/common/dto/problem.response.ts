import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorResponse {
  @ApiProperty({ example: '/limit', description: 'JSON Pointer (RFC 6901) to the bad input.' })
  pointer!: string;

  @ApiProperty({ example: 'must not be greater than 100' })
  detail!: string;
}

/** RFC 9457 problem details, as every failure is answered (documentation only). */
export class ProblemResponse {
  @ApiProperty({ example: 'https://charter.dev/problems/insufficient-scope' })
  type!: string;

  @ApiProperty({ example: 'Insufficient scope' })
  title!: string;

  @ApiProperty({ example: 403 })
  status!: number;

  @ApiPropertyOptional()
  detail?: string;

  @ApiProperty({ example: '/v1/instruments' })
  instance!: string;

  @ApiProperty({ example: 'insufficient_scope' })
  code!: string;

  @ApiProperty()
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldErrorResponse] })
  errors?: FieldErrorResponse[];
}
