import { type RaRecord, type RedirectionSideEffect, useNotify, useRedirect, useResourceContext } from 'react-admin';

/**
 * A create or edit form's success, said with what was saved ("Account dreyes created") instead of react-admin's
 * "Element created", then the form's redirect.
 */
export function useSavedNotice<T>(
  describe: (record: T) => string,
  /** Said after the description; null when the description says it all. */
  verb: 'created' | 'saved' | 'opened' | null,
  redirectTo: RedirectionSideEffect,
) {
  const notify = useNotify();
  const redirect = useRedirect();
  const resource = useResourceContext();
  return {
    onSuccess: (record: RaRecord) => {
      // What the API answered for this resource: the shape `describe` reads.
      const what = describe(record as unknown as T);
      notify(verb ? `${what} ${verb}` : what, { type: 'success' });
      redirect(redirectTo, resource, record.id, record);
    },
  };
}
