import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';

/** One page of a list; the interceptor below turns it into an array plus a `Content-Range` header. */
export class Page<T> {
  constructor(
    readonly resource: string,
    readonly items: T[],
    readonly total: number,
    readonly skip: number,
  ) {}

  get contentRange(): string {
    if (this.items.length === 0) return `${this.resource} */${this.total}`;
    return `${this.resource} ${this.skip}-${this.skip + this.items.length - 1}/${this.total}`;
  }
}

@Injectable()
export class ContentRangeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Page)) return result;
        context.switchToHttp().getResponse<Response>().setHeader('Content-Range', result.contentRange);
        return result.items;
      }),
    );
  }
}
