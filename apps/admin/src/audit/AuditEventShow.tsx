import { Box, Typography } from '@mui/material';
import { DateField, FunctionField, Labeled, NumberField, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';

const Details = () => {
  const record = useRecordContext<{ details: Record<string, unknown> }>();
  if (!record) return null;
  return (
    <Box
      component="pre"
      data-testid="event-details"
      sx={{ fontFamily: 'monospace', bgcolor: '#f6f8fa', p: 2, m: 0, whiteSpace: 'pre-wrap' }}
    >
      {JSON.stringify(record.details, null, 2)}
    </Box>
  );
};

export const AuditEventShow = () => (
  <Show title="Audit event">
    <SimpleShowLayout>
      <NumberField source="seq" label="Chain position" emptyText="not sealed yet" />
      <DateField source="occurredAt" label="When" showTime />
      <TextField source="action" />
      <FunctionField
        label="Actor"
        render={(event: { actorType: string; actorId: string | null; actorLabel: string | null }) =>
          `${event.actorType}${event.actorId ? ` #${event.actorId}` : ''}${event.actorLabel ? ` (${event.actorLabel})` : ''}`
        }
      />
      <FunctionField
        label="Target"
        render={(event: { targetType: string | null; targetId: string | null }) =>
          event.targetType ? `${event.targetType} #${event.targetId ?? ''}` : '—'
        }
      />
      <NumberField source="ticketId" label="Ticket" emptyText="—" />
      <NumberField source="accountId" label="Account" emptyText="—" />
      <TextField source="ip" label="Client address" emptyText="—" />
      <TextField source="userAgent" label="User agent" emptyText="—" />
      <Labeled label="Details">
        <Details />
      </Labeled>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        Hash chain
      </Typography>
      <TextField source="prevHash" label="Previous hash" emptyText="—" sx={{ fontFamily: 'monospace' }} />
      <TextField source="hash" label="Hash" emptyText="—" sx={{ fontFamily: 'monospace' }} />
      <DateField source="sealedAt" label="Sealed" showTime emptyText="—" />
    </SimpleShowLayout>
  </Show>
);
