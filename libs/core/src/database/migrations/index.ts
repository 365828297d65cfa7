import { CreateNotifications1764100000000 } from './1764100000000-create-notifications';

// Listed explicitly (not globbed) so the same list works from TypeScript sources and the built output.
export const migrations = [CreateNotifications1764100000000];
