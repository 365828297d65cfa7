export * from './dto/stats-query.dto';
export * from './dto/stats.dto';
export * from './stats-range';
export * from './stats.figures';
export * from './stats.module';
export * from './stats.queries';
export * from './stats.report';
export * from './stats.service';
