import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';
import { ARTICLE_TOPICS, type ArticleTopic } from '../domain/articles.data.js';

export class ListArticlesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ARTICLE_TOPICS, description: 'Only articles on this topic.' })
  @IsOptional()
  @IsIn(ARTICLE_TOPICS, { message: `must be one of ${ARTICLE_TOPICS.join(', ')}` })
  topic?: ArticleTopic;
}
