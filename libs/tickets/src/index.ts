export * from './dto/ticket-list.query';
export * from './dto/ticket.dto';
export * from './ticket-status';
export * from './ticket.entity';
export * from './ticket.exception';
export * from './tickets.module';
export * from './tickets.repository';
export * from './tickets.service';
