import { CreateNotifications1764100000000 } from './1764100000000-create-notifications';
import { CreateStaffAndAudit1764200000000 } from './1764200000000-create-staff-and-audit';
import { AuditChain1764300000000 } from './1764300000000-audit-chain';
import { AuditUnsealedIndex1764310000000 } from './1764310000000-audit-unsealed-index';
import { CreatePasswordPolicies1764400000000 } from './1764400000000-create-password-policies';
import { CreateAccounts1764500000000 } from './1764500000000-create-accounts';
import { CreateTickets1764600000000 } from './1764600000000-create-tickets';
import { CreateVerificationChallenges1764700000000 } from './1764700000000-create-verification-challenges';
import { CreateResetTokens1764800000000 } from './1764800000000-create-reset-tokens';
import { NotificationChannel1764900000000 } from './1764900000000-notification-channel';
import { CreateSelfServiceCodes1765000000000 } from './1765000000000-create-self-service-codes';
import { ExpiryReminders1765100000000 } from './1765100000000-expiry-reminders';
import { StatsIndexes1765200000000 } from './1765200000000-stats-indexes';
import { ResetDuties1765320000000 } from './1765320000000-reset-duties';
import { ChatIdBinary1765310000000 } from './1765310000000-chat-id-binary';
import { DeliveryAttemptsAndForgotRequests1765340000000 } from './1765340000000-delivery-attempts-and-forgot-requests';
import { StaffSignInAttempts1765300000000 } from './1765300000000-staff-sign-in-attempts';
import { DirectoryAccounts1765400000000 } from './1765400000000-directory-accounts';
import { DirectorySyncRuns1765400100000 } from './1765400100000-directory-sync-runs';
import { DirectoryWrites1765420000000 } from './1765420000000-directory-writes';
import { StaffSessionMethod1765500000000 } from './1765500000000-staff-session-method';
import { TicketApprovalRequests1765600000000 } from './1765600000000-ticket-approval-requests';
import { PortalRequests1765700000000 } from './1765700000000-portal-requests';
import { StaffInvitations1765800000000 } from './1765800000000-staff-invitations';
import { AuditChainHead1765900000000 } from './1765900000000-audit-chain-head';
import { StaffVerifierRole1766000000000 } from './1766000000000-staff-verifier-role';
import { HolderAuthenticators1766100000000 } from './1766100000000-holder-authenticators';
import { AccountPersonalEmail1766200000000 } from './1766200000000-account-personal-email';
import { PersonalEmailConfirmations1766300000000 } from './1766300000000-personal-email-confirmations';
import { AccountManager1766400000000 } from './1766400000000-account-manager';
import { ManagerApprovals1766500000000 } from './1766500000000-manager-approvals';
import { AccountPhone1766600000000 } from './1766600000000-account-phone';

export { AUDIT_APPEND_ONLY_TRIGGERS, AUDIT_TRIGGER_NAMES } from './1764300000000-audit-chain';

// Listed explicitly (not globbed) so the same list works from TypeScript sources and the built output.
export const migrations = [
  CreateNotifications1764100000000,
  CreateStaffAndAudit1764200000000,
  AuditChain1764300000000,
  AuditUnsealedIndex1764310000000,
  CreatePasswordPolicies1764400000000,
  CreateAccounts1764500000000,
  CreateTickets1764600000000,
  CreateVerificationChallenges1764700000000,
  CreateResetTokens1764800000000,
  NotificationChannel1764900000000,
  CreateSelfServiceCodes1765000000000,
  ExpiryReminders1765100000000,
  StatsIndexes1765200000000,
  ResetDuties1765320000000,
  ChatIdBinary1765310000000,
  DeliveryAttemptsAndForgotRequests1765340000000,
  StaffSignInAttempts1765300000000,
  DirectoryAccounts1765400000000,
  DirectorySyncRuns1765400100000,
  DirectoryWrites1765420000000,
  StaffSessionMethod1765500000000,
  TicketApprovalRequests1765600000000,
  PortalRequests1765700000000,
  StaffInvitations1765800000000,
  AuditChainHead1765900000000,
  StaffVerifierRole1766000000000,
  HolderAuthenticators1766100000000,
  AccountPersonalEmail1766200000000,
  PersonalEmailConfirmations1766300000000,
  AccountManager1766400000000,
  ManagerApprovals1766500000000,
  AccountPhone1766600000000,
];
