import { closeBrowserServer } from '../support/browser-server';

export default async function browserGlobalTeardown(): Promise<void> {
  await closeBrowserServer();
}
