import { useState } from 'react';
import SaveIcon from '@mui/icons-material/Save';
import { Button } from '@mui/material';
import { Confirm, Toolbar, useNotify, useRecordContext, useSaveContext } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import type { PolicyImpact } from '../api/types';
import { errorMessage, postJson } from '../httpClient';

interface PolicyValues {
  id: number;
  maxAgeDays: number;
  isDefault: boolean;
  [setting: string]: unknown;
}

/** "expires the passwords of 12 accounts now and 3 more within a week" — or null when it expires none. */
export function impactSentence(impact: PolicyImpact): string | null {
  if (impact.expireNow + impact.expireWithinWeek === 0) return null;
  const now = impact.expireNow ? `expires the password of ${impact.expireNow} account${impact.expireNow === 1 ? '' : 's'} now` : '';
  const week = impact.expireWithinWeek
    ? `${now ? ' and ' : 'expires '}${impact.expireWithinWeek} ${now ? 'more' : `account${impact.expireWithinWeek === 1 ? '' : 's'}`} within 7 days`
    : '';
  const governed = `${impact.accounts} account${impact.accounts === 1 ? '' : 's'}`;
  return `This change ${now}${week} (of the ${governed} it governs): their holders must choose a new password.`;
}

/**
 * Save, but first ask the API what a new maximum age (or becoming the default) would do to passwords; when it
 * expires any, say how many and ask before saving.
 */
export const ImpactSaveToolbar = () => {
  const record = useRecordContext<PolicyValues>();
  const {
    getValues,
    trigger,
    formState: { isValid, isSubmitted },
  } = useFormContext<PolicyValues>();
  const { save, saving } = useSaveContext();
  const [checking, setChecking] = useState(false);
  const notify = useNotify();
  const [question, setQuestion] = useState<string | null>(null);

  const saveNow = () => save?.(getValues());
  const check = async () => {
    // The form's own rules first, as the stock button would.
    if (!(await trigger())) return;
    setChecking(true);
    try {
      await checkAndSave();
    } finally {
      setChecking(false);
    }
  };
  const checkAndSave = async () => {
    const values = getValues();
    if (!record || (values.maxAgeDays === record.maxAgeDays && values.isDefault === record.isDefault)) return saveNow();
    try {
      const impact = await postJson<PolicyImpact>(`/password-policies/${record.id}/impact`, {
        maxAgeDays: Number(values.maxAgeDays),
        isDefault: Boolean(values.isDefault),
      });
      const sentence = impactSentence(impact);
      if (sentence) setQuestion(sentence);
      else await saveNow();
    } catch (failure) {
      notify(errorMessage(failure, 'Could not work out what the change would do'), { type: 'error' });
    }
  };

  return (
    <Toolbar>
      {/* Not react-admin's SaveButton: that one saves on its own as well, before the question could be answered. */}
      <Button
        variant="contained"
        startIcon={<SaveIcon />}
        onClick={() => void check()}
        disabled={checking || saving || (!isValid && isSubmitted)}
      >
        Save
      </Button>
      <Confirm
        isOpen={question !== null}
        title="Expire passwords?"
        content={question ?? ''}
        confirm="Save and expire"
        onConfirm={() => {
          setQuestion(null);
          void saveNow();
        }}
        onClose={() => setQuestion(null)}
      />
    </Toolbar>
  );
};
