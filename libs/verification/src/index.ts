export * from './dto/verification.dto';
export * from './verification-challenge.entity';
export * from './verification.exception';
export * from './verification.module';
export * from './verification.repository';
export * from './verification.service';
