import { CurrentPrincipal, type Principal, Scopes } from '@charter/resource-server';
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
  @ApiOperation({
    summary:
      "Market news, newest first (scope articles:read), only the datasets (topics) the caller's contract covers",
  })
  @ApiOkResponse({ type: ArticleListResponse })
  @ApiProblems(400, [
    403,
    "The token lacks articles:read (`insufficient_scope`), or `topic` is a dataset the caller's contract does not cover (`dataset_not_covered`).",
  ])
  list(
    @CurrentPrincipal() caller: Principal,
    @Query() query: ListArticlesQuery,
  ): ArticleListResponse {
    return this.articles.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One article (scope articles:read); 404 also when the contract does not cover any of its topics',
  })
  @ApiOkResponse({ type: ArticleResponse })
  @ApiProblems(404)
  get(@CurrentPrincipal() caller: Principal, @Param('id') id: string): ArticleResponse {
    return this.articles.get(caller, id);
  }
}
