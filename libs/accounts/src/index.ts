export * from './account.entity';
export * from './account.exception';
export * from './accounts.module';
export * from './accounts.repository';
export * from './accounts.service';
export * from './dto/account-list.query';
export * from './dto/account.dto';
export * from './password-setter.service';
