import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../common/validators.js';

export class CreateEnterpriseDto {
  @ApiProperty({ example: 'Acme Media Oy', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    description: 'The business registry id (company or VAT number); unique, compared exactly',
    example: '1234567-8',
    maxLength: 64,
    pattern: '^[A-Za-z0-9][A-Za-z0-9 ./-]*$',
  })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, {
    message: 'must start with a letter or digit and hold only letters, digits, space, ., / and -',
  })
  businessId!: string;
}
