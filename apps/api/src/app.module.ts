import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtVerifier } from '#libs/auth';
import { AppConfig, ConfigModule } from '#libs/config';
import { CoachingModule } from '#libs/coaching';
import { EventsModule } from '#libs/events';
import { PrivacyModule } from '#libs/privacy';
import { ImportsModule } from '#libs/imports';
import { IntroductionsModule } from '#libs/introductions';
import { GraphModule } from '#libs/graph';
import { AccountService, NetworkModule } from '#libs/network';
import { PathIndexModule } from '#libs/path-index';
import { PathsModule } from '#libs/paths';
import { QueueModule } from '#libs/queue';
import { AuthModule } from './auth/auth.module.js';
import { GraphqlExceptionFilter } from './common/graphql-exception.filter.js';
import { InputValidationPipe } from './common/input-validation.pipe.js';
import { graphqlOptions } from './graphql.options.js';
import { HealthController } from './health/health.controller.js';
import { ObjectionController } from './privacy/objection.controller.js';
import { LiveUpdates } from './common/live-updates.js';
import { API_RESOLVERS } from './resolvers.js';

@Module({
  imports: [
    ConfigModule,
    GraphModule,
    QueueModule,
    NetworkModule,
    PathsModule,
    PathIndexModule,
    IntroductionsModule,
    ImportsModule,
    CoachingModule,
    EventsModule,
    PrivacyModule,
    AuthModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [AuthModule],
      inject: [AppConfig, JwtVerifier, AccountService],
      useFactory: graphqlOptions,
    }),
  ],
  controllers: [HealthController, ObjectionController],
  providers: [...API_RESOLVERS, LiveUpdates, { provide: APP_PIPE, useClass: InputValidationPipe }, { provide: APP_FILTER, useClass: GraphqlExceptionFilter }],
})
export class AppModule {}
