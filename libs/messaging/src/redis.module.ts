import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { createRedis } from './redis-connection';

export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared Redis connection per process (REDIS), closed last on shutdown. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string, role: 'worker' | 'producer', name: string, cluster = false): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS, useFactory: () => createRedis(url, role, name, cluster) }, RedisCloser],
      exports: [REDIS],
    };
  }
}
