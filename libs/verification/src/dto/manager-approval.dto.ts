import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';

export class ManagerApprovalTokenDto {
  @ApiProperty({ maxLength: 64, description: 'the token from the email links' })
  @MaxLength(64, { message: 'token is too long' })
  @IsString({ message: 'token must be text' })
  token: string;
}

export class DecideManagerApprovalDto extends ManagerApprovalTokenDto {
  @ApiProperty({ enum: ['approve', 'deny'] })
  @IsIn(['approve', 'deny'], { message: 'decision must be approve or deny' })
  decision: 'approve' | 'deny';
}

/** What the manager's page shows: whom the caller claims to be, on which ticket, with which agent. Nothing else. */
export class ManagerApprovalRequestDto {
  @ApiProperty({ description: 'the manager, by first name' }) managerFirstName: string;
  @ApiProperty({ description: 'the holder the caller claims to be' }) holderName: string;
  @ApiProperty() holderUsername: string;
  @ApiProperty() ticketId: number;
  @ApiProperty({ description: 'the agent on the call, by first name' }) agentFirstName: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty() expiresAt: string;
}

export class ManagerApprovalDecidedDto {
  @ApiProperty({ enum: ['approved', 'denied'] }) status: 'approved' | 'denied';
}

export class ManagerApprovalAskedDto {
  @ApiProperty() approvalId: number;
  @ApiProperty({ description: 'the manager asked, by name and username' }) managerName: string;
  @ApiProperty() expiresAt: string;
}
