import { PartialType } from '@nestjs/swagger';
import { CreatePolicyDto } from './policy.dto';

export class UpdatePolicyDto extends PartialType(CreatePolicyDto) {}
