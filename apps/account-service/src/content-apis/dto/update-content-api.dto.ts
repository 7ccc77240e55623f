import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsNotBlank } from '../../common/validators.js';
import { DATASETS_MAX, DatasetDefinitionDto, uniqueDatasetName } from './create-content-api.dto.js';
import { RequiresBody } from '@charter/service-kit';

/** Validates a member only when it was sent; unlike @IsOptional, `null` is validated (and refused). */
const isPresent = (_dto: object, value: unknown): boolean => value !== undefined;

/**
 * `PATCH /v1/content-apis/:id`: each member present replaces the current value (`datasets`
 * the whole list); absent members stay. The resource indicator and the scope catalogue do
 * not change here. `{}` changes nothing.
 */
@RequiresBody()
export class UpdateContentApiDto {
  @ApiPropertyOptional({ example: 'News archive API', maxLength: 200 })
  @ValidateIf(isPresent)
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    type: () => [DatasetDefinitionDto],
    maxItems: DATASETS_MAX,
    description:
      'The whole new list. A dataset that a live contract (not deleted, not terminated) covers cannot be removed (409 dataset_in_use).',
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(DATASETS_MAX)
  @ArrayUnique(uniqueDatasetName, { message: 'must not repeat a dataset name' })
  @ValidateNested({ each: true })
  @Type(() => DatasetDefinitionDto)
  datasets?: DatasetDefinitionDto[];
}
