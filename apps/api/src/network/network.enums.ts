import { registerEnumType } from '@nestjs/graphql';

export enum AccountRoleEnum {
  MEMBER = 'MEMBER',
  VOLUNTEER = 'VOLUNTEER',
  COACH = 'COACH',
  ADMIN = 'ADMIN',
}
registerEnumType(AccountRoleEnum, { name: 'AccountRole' });

export enum RelationshipContextEnum {
  FAMILY = 'FAMILY',
  FRIEND = 'FRIEND',
  EX_COLLEAGUE = 'EX_COLLEAGUE',
  COLLEAGUE = 'COLLEAGUE',
  NEIGHBOUR = 'NEIGHBOUR',
  COMMUNITY = 'COMMUNITY',
  EDUCATION = 'EDUCATION',
  EVENT = 'EVENT',
  PROFESSIONAL = 'PROFESSIONAL',
  OTHER = 'OTHER',
}
registerEnumType(RelationshipContextEnum, { name: 'RelationshipContext', description: 'How two people know each other.' });
