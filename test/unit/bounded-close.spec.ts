import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CloseTookTooLong, closeWithinLimit } from '../support/bounded-close';

@Injectable()
class HangingOnShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return new Promise(() => undefined);
  }
}

@Injectable()
class ClosingPromptly implements OnApplicationShutdown {
  closed = false;
  onApplicationShutdown(): void {
    this.closed = true;
  }
}

@Module({ providers: [HangingOnShutdown, ClosingPromptly] })
class HangingModule {}

@Module({ providers: [ClosingPromptly] })
class PromptModule {}

describe('closing a test app within a limit', () => {
  it('names the shutdown hook still running when the close hangs', async () => {
    const app = await NestFactory.createApplicationContext(HangingModule, { logger: false });
    const closing = closeWithinLimit(app, 'worker', 100);
    await expect(closing).rejects.toBeInstanceOf(CloseTookTooLong);
    await expect(closing).rejects.toThrow(
      /closing the worker took over 0\.1 s; still running: HangingOnShutdown\.onApplicationShutdown for 0\.\d s/,
    );
    // The hook that finished is not named, and it did run.
    await expect(closing).rejects.not.toThrow(/ClosingPromptly/);
    expect(app.get(ClosingPromptly).closed).toBe(true);
  });

  it('closes an app whose hooks finish, and leaves no timer behind', async () => {
    const app = await NestFactory.createApplicationContext(PromptModule, { logger: false });
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      await closeWithinLimit(app, 'API', 100);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
    expect(app.get(ClosingPromptly).closed).toBe(true);
  });
});
