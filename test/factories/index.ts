export * from './account.factory';
export * from './challenge.factory';
export * from './small.factory';
export * from './staff.factory';
export * from './ticket.factory';
export * from './token.factory';
