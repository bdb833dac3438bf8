export { Button, CopyButton, type ButtonProps, type ButtonVariant } from './button';
export { StatusBadge, type Tone } from './badge';
export { ConfirmDialog, Dialog } from './dialog';
export { CheckboxField, FieldGroup, FormErrorSummary, SelectField, TextAreaField, TextField, type SelectOption } from './form';
export { Card, Page } from './page';
export { ProgressBar } from './progress';
export { Empty, ErrorState, Loading, LoadMore, errorMessage } from './states';
export { Table, type Column } from './table';
export { Alert, Toaster, toast, type AlertTone } from './toast';
