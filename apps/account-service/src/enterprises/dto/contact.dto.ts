import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../common/validators.js';

/** A contact person or mailbox of an enterprise. */
export class ContactDto {
  @ApiPropertyOptional({
    example: 'Maija Meikäläinen',
    maxLength: 200,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string | null;

  @ApiProperty({ example: 'billing@acme.example', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @ApiPropertyOptional({ example: '+358 40 123 4567', maxLength: 40, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^\+?[0-9 ()-]{3,}$/, {
    message: 'must be a phone number (digits, space, +, -, ( and ))',
  })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'billing', maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  role?: string | null;
}

export class ContactResponse {
  @ApiProperty({ nullable: true, type: String })
  name!: string | null;

  @ApiProperty({ example: 'billing@acme.example' })
  email!: string;

  @ApiProperty({ nullable: true, type: String })
  phone!: string | null;

  @ApiProperty({ nullable: true, type: String })
  role!: string | null;
}
