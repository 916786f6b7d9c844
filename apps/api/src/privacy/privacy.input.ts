import { InputType } from '@nestjs/graphql';
import { OptionalText } from '../common/input.decorators.js';

@InputType('SuppressAddressInput', {
  description: 'The one address an objector gave (by mail or phone) as the one they were contacted at: an email address or a phone number.',
})
export class SuppressAddressInput {
  @OptionalText(254)
  email?: string | null;

  @OptionalText(40)
  phone?: string | null;
}
