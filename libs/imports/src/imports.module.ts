import { Module } from '@nestjs/common';
import { NetworkModule } from '#libs/network';
import { ImportRunner } from './import.runner.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [NetworkModule],
  providers: [ImportsRepository, ImportsService, ImportRunner],
  exports: [ImportsService, ImportRunner],
})
export class ImportsModule {}
