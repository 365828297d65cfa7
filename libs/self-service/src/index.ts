export * from './dto/change-password.dto';
export * from './password-change.service';
export * from './self-service.exception';
export * from './self-service.module';
