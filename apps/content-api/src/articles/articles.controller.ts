import { Scopes } from '@charter/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { ArticlesService } from './articles.service.js';
import { ArticleListResponse, ArticleResponse } from './dto/article.response.js';
import { ListArticlesQuery } from './dto/list-articles.query.js';

@ApiTags('articles')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Scopes('articles:read')
@Controller('v1/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Get()
  @ApiOperation({ summary: 'Market news, newest first (scope articles:read)' })
  @ApiOkResponse({ type: ArticleListResponse })
  @ApiProblems(400)
  list(@Query() query: ListArticlesQuery): ArticleListResponse {
    return this.articles.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One article (scope articles:read)' })
  @ApiOkResponse({ type: ArticleResponse })
  @ApiProblems(404)
  get(@Param('id') id: string): ArticleResponse {
    return this.articles.get(id);
  }
}
